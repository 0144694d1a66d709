package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FieldNameTest {

    private static int code(String name) {
        byte[] b = ("x " + name + "=").getBytes(StandardCharsets.US_ASCII);
        return FieldName.code(b, 2, 2 + name.length());
    }

    @Test
    void everyNameHasItsOwnCodeAndAtMostSixtyFourExist() {
        assertTrue(FieldName.count() <= 64, "codes fit the index's six bits");
        for (int c = 1; c < FieldName.count(); c++) {
            assertEquals(c, code(FieldName.name(c)), FieldName.name(c));
        }
    }

    @Test
    void otherNamesArePrefixesOrNeighboursAreUnknown() {
        for (String n : new String[] {"", "a", "a4", "arc", "archx", "Arch", "syscal", "pidx", "ouid2", "cwdcwd",
                "ARCH", "SYSCALL", "proctitlex", "new-", "invalid_contex"}) {
            assertEquals(FieldName.UNKNOWN, code(n), n);
        }
    }

    @Test
    void encodedNamesFollowTheFieldDictionary() {
        for (String n : new String[] {"comm", "exe", "cwd", "name", "key", "proctitle", "saddr", "path", "acct",
                "data", "watch", "new-disk", "invalid_context"}) {
            assertTrue(FieldName.encoded(code(n)), n);
        }
        for (String n : new String[] {"pid", "arch", "a0", "tty", "dev", "nametype", "argc", "unknown-name"}) {
            assertFalse(FieldName.encoded(code(n)), n);
        }
    }

    @Test
    void theIndexCarriesEachRawFieldsCodeAndNoneInTheEnrichedTail() throws MalformedRecordException {
        AuditRecord r = AuditRecord.parse("type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=59 colour=red "
                + "comm=\"sh\"\u001dARCH=x86_64 SYSCALL=execve");
        assertEquals(FieldName.ARCH, r.nameCode(0));
        assertEquals(FieldName.SYSCALL, r.nameCode(1));
        assertEquals(FieldName.UNKNOWN, r.nameCode(2));
        assertEquals(FieldName.COMM, r.nameCode(3));
        assertEquals(FieldName.UNKNOWN, r.nameCode(r.enrichedIndexOf("SYSCALL")));
    }
}
