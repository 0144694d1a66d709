package io.keelwatch.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The runtime answers captured from a real containerd by ContainerdSuiteIT ({@code src/test/resources/runtime}). */
public final class Fixtures {
    /** A CRI pod container (host network, hostPath / at /host, pod labels app and tier). */
    public static final String CRI_HOSTPATH_ROOT = "cri-containerd-hostpath-root.json";
    /** A container made through containerd's API with the CRI labels, /etc bound at /host/etc read-only. */
    public static final String CONTAINERD_API = "containerd-api-cri-labels.json";
    public static final String CRI_ID = "6011f1dc1e3fd84e1a63810b8e6039a6f8f0456efa3bb170e0c858bf70f10cfa";
    public static final String CONTAINERD_ID = "954b3134f6c1a8be6df0e11d5ed2746caaf4835995e8aa3b4d8f90b7757b2487";

    private Fixtures() { }

    public static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/runtime/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture runtime/" + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
