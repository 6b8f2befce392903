package dev.rivet.kernel.plan;

import java.io.Serializable;

/** What an export reads: a named table or an arbitrary SELECT. */
public sealed interface Relation extends Serializable permits TableRef, QueryText {
  /** A short human description for messages, e.g. {@code table public.orders}. */
  String describe();
}
