package io.jspark.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void textAsAReaderSeesIt() {
        assertEquals("Title\nsome bold & <plain> text", HtmlText.of("<h3>Title</h3><p>some <b>bold</b> &amp; &lt;plain&gt; text</p>"));
        assertEquals("a\tb\n1\t2", HtmlText.of("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"));
        assertEquals("shown", HtmlText.of("<style>p {color: red}</style><script>alert(1)</script><!-- x -->shown"));
        assertEquals("é €", HtmlText.of("&#233;&nbsp;&#x20ac;"));
        assertEquals("line\nbreak", HtmlText.of("line<br/>break"));
    }

    @Test
    void htmlBundlesCarryTheirTextAsPlainText() {
        assertEquals("Hello world", MimeBundle.html("<b>Hello</b> world").get(MimeBundle.TEXT_PLAIN));
        assertEquals("<HTML content>", MimeBundle.html("<img src=x>").get(MimeBundle.TEXT_PLAIN));
    }
}
