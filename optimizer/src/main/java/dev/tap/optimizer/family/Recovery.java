package dev.tap.optimizer.family;

/** The failure a change matters for, and its recovery time and point objectives before and after. */
public record Recovery(String scenario, Objective rtoBefore, Objective rtoAfter, Objective rpoBefore, Objective rpoAfter, String reasoning) {}
