package io.keelwatch.cli;

import io.keelwatch.agent.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the version.")
public final class VersionCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("keelwatch " + version());
    }

    static String version() {
        return BuildInfo.version();
    }

    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"keelwatch " + version()};
        }
    }
}
