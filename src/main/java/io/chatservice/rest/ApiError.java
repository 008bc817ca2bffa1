package io.chatservice.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of every REST error: a machine-readable code and a reason a person can read. */
@RegisterForReflection
public record ApiError(String code, String reason) {
}
