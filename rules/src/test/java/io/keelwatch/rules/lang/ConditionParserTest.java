package io.keelwatch.rules.lang;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The condition grammar, on the shapes Falco's published rules use. */
class ConditionParserTest {

    private static Expr parse(String s) throws ConditionSyntaxException {
        return ConditionParser.parse(SourceText.synthetic("c", s));
    }

    private static List<String> values(Expr e) {
        return ((Expr.Check) e).values().stream().map(Expr.Value::text).toList();
    }

    @Test
    void bareValuesMayHoldBracketsColonsAndSlashes() throws Exception {
        Expr e = parse("proc.pname in (runc:[0:PARENT], runc:[1:CHILD], /usr/bin/x, \"a b\", 'c,d')");
        assertEquals(List.of("runc:[0:PARENT]", "runc:[1:CHILD]", "/usr/bin/x", "a b", "c,d"), values(e));
        assertTrue(((Expr.Check) e).listForm());
    }

    @Test
    void fieldArgumentsAndOperators() throws Exception {
        Expr.Check c = (Expr.Check) parse("container.mount.dest[/var/run/docker.sock] startswith /");
        assertEquals("container.mount.dest", c.field().name());
        assertEquals("/var/run/docker.sock", c.field().arg());
        assertEquals("startswith", c.op());
        assertEquals("2", ((Expr.Check) parse("proc.aname[2]=bash")).field().arg());
        assertEquals("=", ((Expr.Check) parse("fd.typechar==4")).op());
        assertEquals("exists", ((Expr.Check) parse("proc.pname exists")).op());
        assertEquals("icontains", ((Expr.Check) parse("proc.cmdline icontains x")).op());
        assertEquals(List.of("-1"), values(parse("user.loginuid=-1")));
        assertEquals(List.of("a\"b"), values(parse("proc.name = \"a\\\"b\"")));
    }

    @Test
    void macrosAndBooleanStructure() throws Exception {
        Expr e = parse("spawned_process and not (a or b) and container");
        Expr.And and = assertInstanceOf(Expr.And.class, e);
        assertEquals(3, and.terms().size());
        assertInstanceOf(Expr.MacroRef.class, and.terms().get(0));
        Expr.Not not = assertInstanceOf(Expr.Not.class, and.terms().get(1));
        assertInstanceOf(Expr.Or.class, not.term());
        assertInstanceOf(Expr.Or.class, parse("a and b or c"), "or binds loosest");
        assertInstanceOf(Expr.MacroRef.class, parse("((a))"));
        assertEquals(List.of(), values(parse("proc.name in ()")));
    }

    @Test
    void errorsCarryTheOffendingColumn() {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> parse("a and (b or c"));
        assertEquals(7, e.location().col());
        e = assertThrows(ConditionSyntaxException.class, () -> parse("a b"));
        assertEquals(3, e.location().col());
        e = assertThrows(ConditionSyntaxException.class, () -> parse("proc.name = 'x"));
        assertEquals(13, e.location().col());
        e = assertThrows(ConditionSyntaxException.class, () -> parse(""));
        assertEquals("empty condition", e.getMessage());
        e = assertThrows(ConditionSyntaxException.class, () -> parse("proc.name foo"));
        assertTrue(e.getMessage().startsWith("expected an operator after 'proc.name'"), e.getMessage());
    }

    @Test
    void foldedBlockScalarsMapBackToFileColumns() {
        String file = "- rule: r\n  condition: >\n    evt.type = execve\n    and bad bad\n";
        String value = "evt.type = execve and bad bad\n";
        SourceText t = new SourceText("f.yaml", value, file, file.indexOf("    evt"));
        assertEquals(new Location("f.yaml", 3, 5), t.locate(0));
        assertEquals(new Location("f.yaml", 4, 5), t.locate(value.indexOf("and")));
        assertEquals(new Location("f.yaml", 4, 13), t.locate(value.lastIndexOf("bad")));
    }

    @Test
    void keywordsAndOperatorsAreCaseSensitiveAndLexedAsFalcoDoes() {
        for (String bad : List.of("a AND b", "proc.name ExIsTs", "proc.cmdline ICONTAINS x", "proc.name === x",
                "proc.name contains (x)", "proc.pid < abc", "a andb", "a.b = b = 1", "macro > 12")) {
            assertThrows(ConditionSyntaxException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void falcoFormsTheOldGrammarRefused() throws Exception {
        Expr.Check in = (Expr.Check) parse("proc.name in shell_binaries");
        assertEquals(false, in.listForm(), "a bare list name is resolved by the compiler");
        assertEquals("shell_binaries", in.values().get(0).text());
        assertInstanceOf(Expr.And.class, parse("a and(b)and(c)"));
        assertInstanceOf(Expr.MacroRef.class, parse("not not a"), "a run of 'not' toggles");
        Expr.Check t = (Expr.Check) parse("toupper(tolower(proc.name)) = BASH");
        assertEquals(List.of("tolower", "toupper"), t.field().transformers());
        Expr.Check v = (Expr.Check) parse("proc.name = val(proc.pname)");
        assertEquals("proc.pname", v.values().get(0).field().name());
        Expr.Check m = (Expr.Check) parse("proc.name startswith oneof (a, b)");
        assertEquals("startswith oneof", m.op());
        assertEquals("contains", ((Expr.Check) parse("proc.name contains oneof")).op(), "no list after: a plain value");
    }

    @Test
    void deepNestingIsRefusedWithALocationNotAStackOverflow() {
        String deep = "(".repeat(100_000) + "a" + ")".repeat(100_000);
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> parse(deep));
        assertTrue(e.getMessage().startsWith("exceeded max depth limit of 1000"), e.getMessage());
        assertEquals(1, e.location().line());
        String nots = "not (".repeat(100_000) + "a" + ")".repeat(100_000);
        assertThrows(ConditionSyntaxException.class, () -> parse(nots));
        assertInstanceOf(Expr.MacroRef.class, assertDoesNotThrow(() -> parse("(".repeat(150) + "a" + ")".repeat(150))));
    }

    @Test
    void checksCarryTheOperatorEnumAndItsModifier() throws Exception {
        Expr.Check eq = (Expr.Check) parse("fd.typechar==4");
        assertEquals(Op.EQ, eq.operator(), "== is = once parsed");
        Expr.Check m = (Expr.Check) parse("proc.name startswith oneof (a, b)");
        assertEquals(Op.STARTSWITH, m.operator());
        assertEquals(Modifier.ONEOF, m.modifier());
        assertTrue(m.takesList());
        assertEquals(Op.PMATCH, ((Expr.Check) parse("fd.name pmatch (/etc)")).operator());
        assertEquals(new Op.Comparison(Op.ENDSWITH, Modifier.ALLOF), Op.comparison("endswith allof"));
        assertEquals(new Op.Comparison(Op.EQ, null), Op.comparison("=="));
        assertEquals(null, Op.comparison("in oneof"), "a list operator takes no modifier");
        assertEquals(null, Op.comparison("matches"));
    }

    @Test
    void anUnknownOperatorIsRefusedWhereItStands() {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> parse("evt.type = open and proc.name like x"));
        assertEquals(1, e.location().line());
        assertEquals(31, e.location().col(), e.getMessage());
        assertTrue(e.getMessage().startsWith("expected an operator after 'proc.name'"), e.getMessage());
    }

    @Test
    void fieldRefParseIsTheConditionsFieldGrammar() {
        Expr.Pos at = new Expr.Pos(SourceText.synthetic("f", "x"), 0);
        Expr.FieldRef plain = Expr.FieldRef.parse(" proc.aname[2] ", at);
        assertEquals("proc.aname", plain.name());
        assertEquals("2", plain.arg());
        assertEquals(List.of("tolower"), Expr.FieldRef.parse("tolower(fd.name)", at).transformers());
        Expr.FieldRef call = Expr.FieldRef.parse("join(\"-\", (proc.name, proc.pname))", at);
        assertTrue(call.call() != null, "a transformer call is kept");
        assertEquals(List.of("proc.name", "proc.pname"), call.baseFields());
        assertEquals("not a field", Expr.FieldRef.parse("not a field", at).name(), "refused text stays a name for binding to report");
    }
}
