package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldNameTest {

    private static int code(String name) {
        byte[] b = ("x " + name + "=").getBytes(StandardCharsets.US_ASCII);
        return FieldName.code(b, 2, 2 + name.length());
    }

    @Test
    void everyNameHasItsOwnCodeAndAtMostOneHundredTwentyEightExist() {
        assertTrue(FieldName.count() <= FieldName.MAX_CODES, "codes fit the index's seven bits");
        for (int c = 1; c < FieldName.count(); c++) {
            assertEquals(c, code(FieldName.name(c)), FieldName.name(c));
        }
    }

    @Test
    void aTablePastTheLimitIsAClearErrorNamingIt() {
        FieldName.checkFits(FieldName.MAX_CODES);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FieldName.checkFits(FieldName.MAX_CODES + 1));
        assertTrue(e.getMessage().contains("129 codes; at most 128"), e.getMessage());
    }

    @Test
    void codesPastSixtyThreeKeepTheirOwnBitInAFirstOfANameWalk() {
        int vm = code("vm");
        int watch = code("watch");
        assertTrue(vm >= 64 && watch >= 64, "the table is past 64 codes: " + vm + ", " + watch);
        // vm and watch share a bit with codes 0-63 mod 64: a one-long seen-set would hide the second of each pair
        byte[] b = ("colour=red " + "vm" + "=6162 " + "watch" + "=2f74 arch=c000003e syscall=59 vm=00 colour=blue")
                .getBytes(StandardCharsets.US_ASCII);
        List<Integer> codes = new ArrayList<>();
        for (FieldCursor f = new FieldCursor(b, 0, b.length, false); f.nextNewName(); ) {
            codes.add(f.code());
        }
        assertEquals(List.of(FieldName.UNKNOWN, vm, watch, FieldName.ARCH, FieldName.SYSCALL), codes);
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
