package dev.casmb.rpc.pdu;

import java.util.List;

/** p_cont_elem_t (C706 12.6.3.1): presentation context id, abstract syntax, proposed transfer syntaxes. */
public record ContextElement(int contextId, SyntaxId abstractSyntax, List<SyntaxId> transferSyntaxes) {
}
