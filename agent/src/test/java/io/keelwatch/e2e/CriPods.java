package io.keelwatch.e2e;

import io.keelwatch.runtime.cri.CriClient;
import io.keelwatch.runtime.cri.api.CriApi;
import io.keelwatch.runtime.cri.api.RuntimeServiceGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Makes pods the way the kubelet does, through the CRI runtime service: a pod sandbox (host network, so
 * no CNI; a {@code kubepods} cgroup parent as the kubelet's cgroupfs driver gives) and its containers,
 * labelled with the pod identity the kubelet sets. {@link #close()} stops and removes every sandbox made.
 */
final class CriPods implements AutoCloseable {

    /** One pod as created. */
    record Pod(String sandboxId, String name, String namespace, String uid, Map<String, String> labels,
               CriApi.PodSandboxConfig config) { }

    /** A container mount: host path, container path, read-only. */
    record HostPath(String host, String container, boolean readOnly) { }

    private final CriClient client;
    private final Path logs;
    private final List<String> sandboxes = new ArrayList<>();

    CriPods(Path socket, Path logs) throws java.io.IOException {
        this.client = new CriClient("containerd", socket);
        this.logs = Files.createDirectories(logs);
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub() {
        return client.stub().withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    Pod runPod(String name, String namespace, Map<String, String> labels) {
        String uid = UUID.randomUUID().toString();
        CriApi.PodSandboxConfig config = CriApi.PodSandboxConfig.newBuilder()
                .setMetadata(CriApi.PodSandboxMetadata.newBuilder().setName(name).setNamespace(namespace).setUid(uid))
                // a host-network pod keeps the node's hostname (the kubelet sets none)
                .setLogDirectory(logs.resolve(uid).toString())
                .putAllLabels(labels)
                .putLabels("io.kubernetes.pod.name", name)
                .putLabels("io.kubernetes.pod.namespace", namespace)
                .putLabels("io.kubernetes.pod.uid", uid)
                .setLinux(CriApi.LinuxPodSandboxConfig.newBuilder()
                        .setCgroupParent("/kubepods/besteffort/pod" + uid)
                        .setSecurityContext(CriApi.LinuxSandboxSecurityContext.newBuilder()
                                .setNamespaceOptions(CriApi.NamespaceOption.newBuilder()
                                        .setNetwork(CriApi.NamespaceMode.NODE))))
                .build();
        String id = stub().runPodSandbox(CriApi.RunPodSandboxRequest.newBuilder().setConfig(config).build())
                .getPodSandboxId();
        sandboxes.add(id);
        return new Pod(id, name, namespace, uid, labels, config);
    }

    /** Creates and starts a container in the pod; returns its id. */
    String runContainer(Pod pod, String name, String image, List<String> command, List<HostPath> mounts,
                        CriApi.LinuxContainerSecurityContext security) {
        CriApi.ContainerConfig.Builder c = CriApi.ContainerConfig.newBuilder()
                .setMetadata(CriApi.ContainerMetadata.newBuilder().setName(name))
                .setImage(CriApi.ImageSpec.newBuilder().setImage(image))
                .addAllCommand(command)
                .setLogPath(name + ".log")
                .putLabels("io.kubernetes.pod.name", pod.name())
                .putLabels("io.kubernetes.pod.namespace", pod.namespace())
                .putLabels("io.kubernetes.pod.uid", pod.uid())
                .putLabels("io.kubernetes.container.name", name)
                .setLinux(CriApi.LinuxContainerConfig.newBuilder().setSecurityContext(security));
        for (HostPath m : mounts) {
            c.addMounts(CriApi.Mount.newBuilder().setHostPath(m.host()).setContainerPath(m.container())
                    .setReadonly(m.readOnly()));
        }
        String id = stub().createContainer(CriApi.CreateContainerRequest.newBuilder().setPodSandboxId(pod.sandboxId())
                .setConfig(c).setSandboxConfig(pod.config()).build()).getContainerId();
        stub().startContainer(CriApi.StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    /** The container's state name ({@code CONTAINER_EXITED} once its command is done). */
    CriApi.ContainerState state(String containerId) {
        return stub().containerStatus(CriApi.ContainerStatusRequest.newBuilder().setContainerId(containerId).build())
                .getStatus().getState();
    }

    /** Waits for the container's command to end (bounded). */
    void awaitExit(String containerId, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end && state(containerId) != CriApi.ContainerState.CONTAINER_EXITED) {
            Thread.sleep(100);
        }
    }

    CriClient client() {
        return client;
    }

    @Override
    public void close() {
        for (String id : sandboxes) {
            try {
                stub().stopPodSandbox(CriApi.StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
                stub().removePodSandbox(CriApi.RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
            } catch (RuntimeException e) {
                // the runtime is going away with everything in it: PrivateContainerd.close removes the rest
            }
        }
        client.close();
    }
}
