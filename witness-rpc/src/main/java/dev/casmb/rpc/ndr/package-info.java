/**
 * NDR 2.0 little-endian stub encoding (C706 ch. 14): a bounds-checked {@link dev.casmb.rpc.ndr.NdrReader} (alignment
 * relative to the stub start; malformed data is {@link dev.casmb.rpc.ndr.NdrException}, i.e. RPC_X_BAD_STUB_DATA), an
 * {@link dev.casmb.rpc.ndr.NdrWriter} with Windows-compatible referent ids, and the DCE UUID wire form (MS-DTYP 2.3.4.2).
 * No dependencies.
 */
package dev.casmb.rpc.ndr;
