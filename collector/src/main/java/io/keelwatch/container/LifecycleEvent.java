package io.keelwatch.container;

/**
 * A container lifecycle change a runtime other than Docker reported, in Docker's vocabulary so the
 * registry handles it exactly as Docker's own event (the same inspect, the same observers).
 *
 * @param id       container id
 * @param verb     {@code create}, {@code start}, {@code die}, {@code destroy}, {@code update} or {@code exec_start}
 * @param runtime  which runtime reported it ({@link ContainerInfo#CONTAINERD}, {@link ContainerInfo#CRI_O})
 * @param timeNano the runtime's time of the change, ns since the epoch (0 when it gave none)
 */
public record LifecycleEvent(String id, String verb, String runtime, long timeNano) {
}
