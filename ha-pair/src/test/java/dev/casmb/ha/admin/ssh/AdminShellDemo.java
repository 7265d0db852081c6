package dev.casmb.ha.admin.ssh;

import dev.casmb.ha.admin.FakeAdminBackend;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the admin shell alone over a {@link FakeAdminBackend}, for trying the commands:
 * {@code java ... dev.casmb.ha.admin.ssh.AdminShellDemo [host] [port] [state-dir]} with ha-pair's test class path
 * (it is test code: {@code mvn -q -o -pl ha-pair -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test}, then
 * {@code java -cp ha-pair/target/test-classes:ha-pair/target/classes:$(cat ha-pair/target/test-cp.txt) ...})
 * (defaults 127.0.0.51, 2222, ./admin-demo), then {@code ssh -p 2222 admin@127.0.0.51}
 * (password Admin-Pass1). Ctrl-C stops it.
 */
public final class AdminShellDemo {
    private AdminShellDemo() {}

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.51";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 2222;
        Path state = Path.of(args.length > 2 ? args[2] : "admin-demo");
        FakeAdminBackend backend = new FakeAdminBackend();
        AdminServer server = AdminServer.builder()
                .bind(host, port).backend(backend).auditSink(backend)
                .accounts(new AdminAccounts().setPassword("admin", "Admin-Pass1".toCharArray()))
                .passwordAuthentication(true)
                .hostKeyFile(state.resolve("ssh_host_key"))
                .clusterName("casmb").nodeName("node-a")
                .build();
        server.start();
        System.out.println("admin shell: ssh -p " + server.port() + " admin@" + host + "   (password Admin-Pass1)");
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            done.countDown();
        }, "admin-demo-stop"));
        done.await();
    }
}
