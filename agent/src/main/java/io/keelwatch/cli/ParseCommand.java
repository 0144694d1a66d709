package io.keelwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "parse", description = "Parse audit logs and print events as JSON lines.")
public final class ParseCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("keelwatch parse: not built yet");
        return 2;
    }
}
