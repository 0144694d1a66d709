package io.keelwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "replay", description = "Replay a journal or capture bundle through the rules.")
public final class ReplayCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("keelwatch replay: not built yet");
        return 2;
    }
}
