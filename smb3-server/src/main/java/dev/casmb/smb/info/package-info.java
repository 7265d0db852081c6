/**
 * Encoders for what QUERY_INFO and QUERY_DIRECTORY return: file, file-system and directory-entry information classes
 * (MS-FSCC 2.4, 2.5), 8.3 short names (MS-FSCC 2.1.5.2.1), SIDs and self-relative security descriptors (MS-DTYP 2.4.2,
 * 2.4.6) derived from the share ACL, wildcard matching (MS-FSA 2.1.4.4) and the per-open directory cursor. Pure
 * encoding over {@link dev.casmb.smb.vfs.FileMeta}; buffer-length rules are applied by the command handlers.
 */
package dev.casmb.smb.info;
