package io.keelwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the version.")
public final class VersionCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("keelwatch " + version());
    }

    static String version() {
        String v = Keelwatch.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"keelwatch " + version()};
        }
    }
}
