package io.tracefleet.spec;

import java.util.regex.Pattern;

/** The grammar of a container image reference ({@code [registry[:port]/]path[:tag][@digest]}), as Docker parses it. */
final class ImageReference {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = DOMAIN_PART + "(?:\\." + DOMAIN_PART + ")*(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*(?::" + TAG + ")?(?:@" + DIGEST + ")?");

    private ImageReference() {
    }

    static boolean isValid(String reference) {
        return reference.length() <= 255 && REFERENCE.matcher(reference).matches();
    }
}
