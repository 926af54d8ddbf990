/**
 * Host capabilities, deny by default: the {@code continuum} import module (log, keyvalue,
 * http-outbound, messaging, config), the grants that enable them and the SPIs the agent implements.
 * The ABI is {@link dev.continuum.wasm.capability.Capability} and
 * {@link dev.continuum.wasm.capability.AbiStatus}; {@code docs/abi.md} documents it.
 */
package dev.continuum.wasm.capability;
