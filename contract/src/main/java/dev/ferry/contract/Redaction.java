package dev.ferry.contract;

import java.util.regex.Pattern;

/**
 * Masks secrets before a value reaches a log line, an exception, a task trace or the command's
 * output. A JDBC URL may carry a password ({@code ?password=…}, MariaDB's {@code user:pass@host},
 * pgjdbc's {@code sslpassword}); every module prints URLs only through {@link #jdbcUrl}.
 */
public final class Redaction {

    public static final String MASK = "****";

    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)((?:ssl|trust|key)?(?:password|passwd|pwd)(?:store)?(?:password)?\\s*=)[^&;)]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]*:)[^@/]*@");

    private Redaction() {
    }

    /** {@code url} with every password parameter and user-info password replaced by {@value #MASK}. */
    public static String jdbcUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + MASK);
        return USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }

    /** {@code text} with {@code secret} replaced by {@value #MASK}, for messages that may echo it back. */
    public static String secret(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, MASK);
    }
}
