package dev.continuum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints the version of Continuum and of the JVM it runs on. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void run() {
        spec.commandLine().getOut().println("continuum " + version() + " (java " + Runtime.version() + ")");
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"continuum " + version() + " (java " + Runtime.version() + ")"};
        }
    }
}
