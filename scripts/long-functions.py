#!/usr/bin/env python3
"""Lists the functions in src/ longer than a limit (default 120 lines), longest first.

A function's length is its whole span: from the line holding `fn name` to the line of its
closing brace, blank lines and comments included. Prints `lines  file:line  name`; exits 1
when any function is over the limit (so CI or a pre-commit hook can call it).

    python3 scripts/long-functions.py            # limit 120, src/
    python3 scripts/long-functions.py 80 src/cli # another limit, another folder
"""
import pathlib
import re
import sys

FN = re.compile(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)")
CHAR = re.compile(r"'(?:\\u\{[0-9a-fA-F]+\}|\\.|[^\\'\n])'")
RAW = re.compile(r'(?:br|r)(#*)"')


def code_only(text):
    """The text with comments, strings and char literals blanked (newlines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif (m := RAW.match(text, i)) and (i == 0 or not text[i - 1].isalnum()):
            end = '"' + m.group(1)
            j = text.find(end, m.end())
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", text[i : j + 1]))
            i = j + 1
        elif c == "'" and (m := CHAR.match(text, i)):
            out.append(" " * (m.end() - i))
            i = m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(path):
    """(name, first line, length in lines) of every function with a body in `path`."""
    code = code_only(path.read_text(encoding="utf-8"))
    for m in FN.finditer(code):
        # The body starts at the first `{` after the signature, unless a `;` comes first
        # (a declaration without a body, as in a trait).
        j = m.end()
        depth_paren = 0
        while j < len(code):
            ch = code[j]
            if ch in "([":
                depth_paren += 1
            elif ch in ")]":
                depth_paren -= 1
            elif ch == ";" and depth_paren == 0:
                j = -1
                break
            elif ch == "{" and depth_paren == 0:
                break
            j += 1
        if j < 0 or j >= len(code):
            continue
        depth, k = 0, j
        while k < len(code):
            if code[k] == "{":
                depth += 1
            elif code[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        first = code.count("\n", 0, m.start()) + 1
        last = code.count("\n", 0, k) + 1
        yield m.group(1), first, last - first + 1


def main():
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    roots = [pathlib.Path(p) for p in sys.argv[2:]] or [pathlib.Path("src")]
    long = []
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*.rs"))
        for path in files:
            for name, line, length in functions(path):
                if length > limit:
                    long.append((length, f"{path}:{line}", name))
    for length, where, name in sorted(long, key=lambda t: (-t[0], t[1])):
        print(f"{length:5}  {where}  {name}")
    print(f"{len(long)} function(s) over {limit} lines", file=sys.stderr)
    return 1 if long else 0


if __name__ == "__main__":
    sys.exit(main())
