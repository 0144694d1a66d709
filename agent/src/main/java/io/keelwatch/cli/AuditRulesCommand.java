package io.keelwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "audit-rules", description = "Print the audit rules the loaded rules need.")
public final class AuditRulesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("keelwatch audit-rules: not built yet");
        return 2;
    }
}
