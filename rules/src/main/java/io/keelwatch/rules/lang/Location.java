package io.keelwatch.rules.lang;

/**
 * A place in a rule file, 1-based, as editors and compilers print it.
 *
 * @param file the file as given to the loader (or a resource name for the embedded pack)
 * @param line 1-based line
 * @param col  1-based column
 */
public record Location(String file, int line, int col) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + col;
    }
}
