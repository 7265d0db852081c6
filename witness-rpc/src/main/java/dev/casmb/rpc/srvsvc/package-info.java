/**
 * srvsvc (MS-SRVS): NetrShareEnum (opnum 15) and NetrShareGetInfo (opnum 16) at info levels 0, 1 and 2, usually over
 * {@code \PIPE\srvsvc}. The share list comes from a {@link dev.casmb.rpc.srvsvc.ShareCatalog} supplied by the SMB
 * server's configuration; this package does not read that configuration itself.
 */
package dev.casmb.rpc.srvsvc;
