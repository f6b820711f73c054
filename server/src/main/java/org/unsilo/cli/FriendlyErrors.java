package org.unsilo.cli;

import org.unsilo.common.InvalidFieldException;
import org.unsilo.config.ConfigException;
import org.unsilo.store.NewerSchemaException;
import picocli.CommandLine;

/** Expected failures print one clear line; anything else keeps its stack trace for bug reports. */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (e instanceof ConfigException || e instanceof InvalidFieldException || e instanceof CliException
                || e instanceof NewerSchemaException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
        }
        cmd.getErr().println("error: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
