package io.chatservice.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import io.vertx.core.net.SocketAddress;

/**
 * Plain JUnit: the address a connection is counted under is its IP address as text, and, when the connection keeps
 * that very text already, the same string rather than a copy.
 */
class UpgradeAddressTest {

    @Test
    void aSocketAcceptedFromAnIpv4AddressGivesTheStringItKeeps() throws UnknownHostException {
        SocketAddress remote = accepted(InetAddress.getByAddress(new byte[] { 127, 0, 0, 2 }));

        String address = UpgradeGate.address(remote);

        assertEquals("127.0.0.2", address);
        assertSame(remote.host(), address);
    }

    @Test
    void anIpv6AddressToo() throws UnknownHostException {
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        SocketAddress remote = accepted(InetAddress.getByAddress(loopback));

        assertEquals(remote.hostAddress(), UpgradeGate.address(remote));
        assertSame(remote.host(), UpgradeGate.address(remote));
    }

    @Test
    void anAddressThatCarriesAHostNameIsCountedUnderItsIpAddress() throws UnknownHostException {
        SocketAddress remote = accepted(InetAddress.getByAddress("client.example", new byte[] { 10, 1, 2, 3 }));

        assertEquals("client.example", remote.host());
        assertEquals("10.1.2.3", UpgradeGate.address(remote));
    }

    @Test
    void anAddressWithoutAnIpAddressHasNone() {
        assertNull(UpgradeGate.address(SocketAddress.domainSocketAddress("/run/chat.sock")));
    }

    private static SocketAddress accepted(InetAddress ip) {
        return SocketAddress.inetSocketAddress(new InetSocketAddress(ip, 40_000));
    }
}
