package io.keelwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "journal", description = "List or export the forensic journal.")
public final class JournalCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("keelwatch journal: not built yet");
        return 2;
    }
}
