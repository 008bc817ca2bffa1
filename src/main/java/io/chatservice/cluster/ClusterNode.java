package io.chatservice.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;

/**
 * This node's name in the cluster: {@code chat.cluster.node-id}, or the host name (a pod's name in Kubernetes) with a
 * random suffix, so that a restarted process never takes over the entries of the one before it.
 */
@Singleton
public class ClusterNode {

    private final String id;

    public ClusterNode(ChatConfig config) {
        this.id = config.cluster().nodeId().orElseGet(ClusterNode::generated);
    }

    public String id() {
        return id;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        return host + "-" + HexFormat.of().formatHex(suffix);
    }
}
