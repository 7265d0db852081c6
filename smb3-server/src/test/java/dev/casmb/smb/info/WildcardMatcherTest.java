package dev.casmb.smb.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardMatcherTest {
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "*|anything.txt|true",
        "*|.|true",
        "*.*|noext|true",
        "*.txt|a.TXT|true",
        "*.txt|a.txt.bak|false",
        "a?c|abc|true",
        "a?c|ac|false",
        "a?c|abbc|false",
        "FILE.TXT|file.txt|true",
        "file.txt|file.txs|false",
        "t0*|t013-13.txt|true",
        "*13*|t013-13.txt|true",
        // DOS_STAR '<': any characters up to the final period
        "<.txt|a.b.txt|true",
        "<.txt|abc.txt|true",
        "<.txt|abc.doc|false",
        "<|noext|true",
        "<|a.b|false",
        "<.|a|false",
        // DOS_QM '>': one character, or nothing at a period / end
        "a>>|a|true",
        "a>>|ab|true",
        "a>>|abc|true",
        "a>>|abcd|false",
        "a>>.txt|ab.txt|true",
        "a>>.txt|abcd.txt|false",
        // DOS_DOT '\"': a period, or nothing at the end
        "abc\"|abc|true",
        "abc\"|abc.|true",
        "abc\"txt|abc.txt|true",
        "abc\"|abcd|false",
        // '*' with literals
        "*a*b*|xxaxxbxx|true",
        "*a*b*|xxbxxaxx|false",
    })
    void table(String pattern, String name, boolean expected) {
        assertEquals(expected, new WildcardMatcher(pattern).matches(name));
    }

    @ParameterizedTest
    @CsvSource({"abc,true", "a*c,false", "a?c,false", "a<c,false", "a>c,false"})
    void literalDetection(String pattern, boolean literal) {
        assertEquals(literal, new WildcardMatcher(pattern).isLiteral());
    }
}
