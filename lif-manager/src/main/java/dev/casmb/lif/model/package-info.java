/**
 * The immutable model of the replicated LIF state: {@link dev.casmb.lif.model.ClusterLifState} (SVMs, LIFs, applied
 * index; sorted for deterministic serialization), {@link dev.casmb.lif.model.Lif} with its home, current and pending
 * {@link dev.casmb.lif.model.LifLocation}, {@link dev.casmb.lif.model.Svm} (one CIFS server identity for both nodes),
 * numeric-only {@link dev.casmb.lif.model.LifAddress} and name validation. No dependencies.
 */
package dev.casmb.lif.model;
