#!/usr/bin/env python3
"""Records Falco's own test cases as data (input and Falco's verdict), for FalcoConformanceTest.

Reads test sources from local clones (the `fetch` mirrors) and writes JSON case files into
rules/src/test/resources/conformance/. Only literal inputs and the verdicts the tests assert are
recorded; no test code is carried over. Usage: extract.py LIBS_GIT_DIR FALCO_GIT_DIR
"""
import json, re, subprocess, sys, os

def show(git, path):
    return subprocess.run(["git", "--git-dir", git, "show", "HEAD:" + path], capture_output=True, text=True, check=True).stdout

def commit(git):
    return subprocess.run(["git", "--git-dir", git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()

ESC = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0', 'b': '\b', 'f': '\f', 'v': '\v', '?': '?'}

def args_of(src, start):
    """Splits the call's arguments starting just after '(' at `start`; returns (list of raw arg texts, end)."""
    depth, i, cur, out = 0, start, [], []
    while i < len(src):
        c = src[i]
        if c == 'R' and src[i+1:i+2] == '"':
            m = re.match(r'R"([^(]*)\(', src[i:])
            delim = ')' + m.group(1) + '"'
            j = src.index(delim, i + len(m.group(0)))
            cur.append(src[i:j+len(delim)]); i = j + len(delim); continue
        if c == '"':
            j = i + 1
            while src[j] != '"':
                j += 2 if src[j] == '\\' else 1
            cur.append(src[i:j+1]); i = j + 1; continue
        if c in '([{': depth += 1
        if c in ')]}':
            if depth == 0:
                out.append(''.join(cur).strip()); return out, i
            depth -= 1
        if c == ',' and depth == 0:
            out.append(''.join(cur).strip()); cur = []; i += 1; continue
        cur.append(c); i += 1
    raise ValueError("unterminated call")

def literal(arg):
    """The value of an argument made only of C++ string literals, else None."""
    i, out, found = 0, [], False
    while i < len(arg):
        c = arg[i]
        if c.isspace(): i += 1; continue
        if arg.startswith('std::string(', i) and arg.endswith(')'):
            return None
        if c == 'R' and arg[i+1:i+2] == '"':
            m = re.match(r'R"([^(]*)\(', arg[i:])
            delim = ')' + m.group(1) + '"'
            j = arg.index(delim, i + len(m.group(0)))
            out.append(arg[i+len(m.group(0)):j]); i = j + len(delim); found = True; continue
        if c == '"':
            j = i + 1; s = []
            while arg[j] != '"':
                if arg[j] == '\\':
                    e = arg[j+1]
                    if e == 'x':
                        h = re.match(r'[0-9a-fA-F]+', arg[j+2:]).group(0); s.append(chr(int(h, 16))); j += 2 + len(h); continue
                    s.append(ESC.get(e, e)); j += 2; continue
                s.append(arg[j]); j += 1
            out.append(''.join(s)); i = j + 1; found = True; continue
        return None
    return ''.join(out) if found else None

def calls(src, name):
    for m in re.finditer(r'\b' + name + r'\(', src):
        line = src.count('\n', 0, m.start()) + 1
        test = re.findall(r'TEST(?:_F)?\(\s*\w+\s*,\s*(\w+)\)', src[:m.start()])
        yield line, (test[-1] if test else "?"), args_of(src, m.end())[0]

def parser_cases(libs):
    path = "userspace/libsinsp/test/filter_parser.ut.cpp"
    src = show(libs, path)
    cases = []
    for fn, verdict in (("test_accept", "accept"), ("test_equal_ast", "accept"), ("test_reject", "reject"), ("test_reject_msg", "reject")):
        for line, test, args in calls(src, fn):
            if fn in ("test_accept",) and len(args) > 1:
                continue  # position-probing variant: same input is also tested plainly
            v = literal(args[0])
            if v is None:
                continue
            c = {"id": f"{path.split('/')[-1]}:{line}", "test": test, "input": v, "verdict": verdict,
                 "variants": fn == "test_accept"}
            if fn == "test_reject_msg":
                c["falco_message"] = literal(args[1])
            cases.append(c)
    # the recursion regression: 100,000 '(' (built with std::string(n, c) in the test)
    for line, test, args in calls(src, "test_reject_msg"):
        m = re.match(r'std::string\((\d+),\s*\'(.)\'\)', args[0])
        if m:
            cases.append({"id": f"filter_parser.ut.cpp:{line}", "test": test, "input": m.group(2), "repeat": int(m.group(1)),
                          "verdict": "reject", "variants": False, "falco_message": literal(args[1])})
    return cases

def compile_cases(libs):
    out = []
    for path in ("userspace/libsinsp/test/filter_compiler.ut.cpp",):
        src = show(libs, path)
        for line, test, args in calls(src, "test_filter_compile"):
            if len(args) < 2:
                continue
            v = literal(args[1])
            if v is None:
                continue
            fail = len(args) > 2 and args[2].strip() == "true"
            out.append({"id": f"{path.split('/')[-1]}:{line}", "test": test, "input": v, "verdict": "reject" if fail else "accept"})
        for line, test, args in calls(src, "test_filter_compile_msg"):
            v = literal(args[1]) if len(args) > 2 else None
            if v is None:
                continue
            out.append({"id": f"{path.split('/')[-1]}:{line}", "test": test, "input": v, "verdict": "reject",
                        "falco_message": literal(args[2])})
    return out

def output_cases(libs):
    path = "userspace/libsinsp/test/eventformatter.ut.cpp"
    src = show(libs, path)
    out = []
    tests = [(m.start(), m.group(1)) for m in re.finditer(r'^TEST(?:_F)?\(\s*\w+\s*,\s*(\w+)\)', src, re.M)]
    for k, (start, name) in enumerate(tests):
        body = src[start: tests[k+1][0] if k + 1 < len(tests) else len(src)]
        for m in re.finditer(r'(EXPECT_THROW|ASSERT_THROW|ASSERT_NO_THROW|EXPECT_NO_THROW)?\(?\s*\bformat\(', body):
            args, end = args_of(body, m.end())
            v = literal(args[0])
            if v is None:
                continue
            line = src.count('\n', 0, start + m.start()) + 1
            c = {"id": f"eventformatter.ut.cpp:{line}", "test": name, "input": v,
                 "verdict": "reject" if m.group(1) and "NO_THROW" not in m.group(1) else "accept"}
            if c["verdict"] == "accept" and len(args) == 1:
                rest = body[end:]
                nxt = re.search(r'\bformat\(', rest)
                seg = rest[:nxt.start()] if nxt else rest
                e = re.search(r'EXPECT_EQ\(m_last_output,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)', seg)
                if e:
                    c["falco_output"] = literal(e.group(1))
            out.append(c)
    return out

def loader_cases(falco):
    out = []
    for path in ("unit_tests/engine/test_rule_loader.cpp", "unit_tests/engine/test_enable_rule.cpp",
                 "unit_tests/engine/test_extra_output.cpp"):
        src = show(falco, path)
        tests = [(m.start(), m.group(1)) for m in re.finditer(r'^TEST(?:_F)?\(\s*\w+\s*,\s*(\w+)\)', src, re.M)]
        for k, (start, name) in enumerate(tests):
            body = src[start: tests[k+1][0] if k + 1 < len(tests) else len(src)]
            contents = {}
            for m in re.finditer(r'std::string\s+(\w+)\s*=\s*(R"(\w*)\(.*?\)\3")\s*;', body, re.S):
                contents[m.group(1)] = literal(m.group(2))
            for m in re.finditer(r'ASSERT_(TRUE|FALSE)\(load_rules\((\w+)', body):
                if m.group(2) not in contents:
                    continue
                line = src.count('\n', 0, start + m.start()) + 1
                c = {"id": f"{path.split('/')[-1]}:{line}", "test": name, "input": contents[m.group(2)],
                     "verdict": "accept" if m.group(1) == "TRUE" else "reject"}
                errs = [literal(a) for a in re.findall(r'check_error_message\(((?:"(?:[^"\\]|\\.)*"\s*)+)\)', body)]
                warns = [literal(a) for a in re.findall(r'ASSERT_TRUE\(check_warning_message\(((?:"(?:[^"\\]|\\.)*"\s*)+)\)', body)]
                if errs: c["falco_errors"] = errs
                if warns: c["falco_warnings"] = warns
                if re.search(r'ASSERT_FALSE\(has_warnings\(\)\)', body): c["falco_no_warnings"] = True
                conds = re.findall(r'get_compiled_rule_condition\("([^"]*)"\),\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)', body)
                if conds: c["falco_compiled"] = {r: literal(v) for r, v in conds}
                out.append(c)
                break
    return out

if __name__ == "__main__":
    libs, falco = sys.argv[1], sys.argv[2]
    dest = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "conformance")
    os.makedirs(dest, exist_ok=True)
    for name, cases, git in (("parser", parser_cases(libs), libs), ("compile", compile_cases(libs), libs),
                             ("loader", loader_cases(falco), falco), ("output", output_cases(libs), libs)):
        doc = {"source": {"libs": "falcosecurity/libs@" + commit(libs)} if git == libs else {"falco": "falcosecurity/falco@" + commit(falco)},
               "cases": cases}
        with open(os.path.join(dest, name + ".json"), "w") as f:
            json.dump(doc, f, indent=1, ensure_ascii=True)
        print(name, len(cases))
