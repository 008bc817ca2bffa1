package io.chatservice.config;

/** How a connection proves whose name it uses ({@code chat.identity.mode}). */
public enum IdentityMode {
    /** The name's first connection is given a key; every further connection under the name presents it. */
    NAMES,
    /** Every connection carries a JWT, and the name is the token's. */
    JWT
}
