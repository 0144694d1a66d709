package io.keelwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "rules", description = "Check and list rule files.")
public final class RulesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("keelwatch rules: not built yet");
        return 2;
    }
}
