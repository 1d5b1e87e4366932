package io.acme.billing.export;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;

public class SftpExporter {
    private static final String HOST = "sftp.partner-bank.example.net";
    private static final String USER = "acme_billing";
    private static final String PASS = "{{rand:16:alnum}}";

    public Session open() throws Exception {
        JSch jsch = new JSch();
        Session s = jsch.getSession(USER, HOST, 22);
        s.setPassword(PASS);
        s.setConfig("StrictHostKeyChecking", "no");
        return s;
    }

    public String encode(String user, char[] password) {
        return java.util.Base64.getEncoder().encodeToString((user + ":" + new String(password)).getBytes());
    }
}
