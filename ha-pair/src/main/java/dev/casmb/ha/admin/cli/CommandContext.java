package dev.casmb.ha.admin.cli;

import java.io.IOException;
import java.io.PrintWriter;

/** Who runs a command, and where its output goes. */
public interface CommandContext {

    /** The authenticated admin account. */
    String user();

    /** The client's address, "host:port". */
    String sourceAddress();

    PrintWriter out();

    /** Where errors go: stderr for non-interactive (exec) use, the same as {@link #out()} in the shell. */
    PrintWriter err();

    /** Whether there is a person at a terminal who can answer prompts. */
    boolean interactive();

    /**
     * Reads a line without echoing it (a password). Returns null when not interactive or when the
     * input ended.
     */
    char[] readSecret(String prompt) throws IOException;
}
