package io.keelwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", description = "Run the agent on this host.")
public final class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("keelwatch run: not built yet");
        return 2;
    }
}
