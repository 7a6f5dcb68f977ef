package io.jspark.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class RendererRegistryTest {
    interface Shape {
    }

    interface Polygon extends Shape {
    }

    static class Square implements Polygon {
    }

    static class BigSquare extends Square {
    }

    @Test
    void valuesWithoutARendererShowAsPlainText() {
        RendererRegistry registry = RendererRegistry.withDefaults();
        assertEquals(MimeBundle.text("42"), registry.render(42));
        assertEquals(MimeBundle.text("null"), registry.render(null));
        assertEquals(MimeBundle.text("[1, 2, 3]"), registry.render(new int[] {1, 2, 3}));
        assertEquals(MimeBundle.text("[[a], [b, c]]"), registry.render(new String[][] {{"a"}, {"b", "c"}}));
    }

    @Test
    void theNearestSuperclassWinsThenTheNearestInterface() {
        RendererRegistry registry = new RendererRegistry();
        registry.register(Shape.class, v -> MimeBundle.text("shape"));
        assertEquals("shape", registry.render(new BigSquare()).get(MimeBundle.TEXT_PLAIN));
        registry.register(Polygon.class, v -> MimeBundle.text("polygon"));
        assertEquals("polygon", registry.render(new BigSquare()).get(MimeBundle.TEXT_PLAIN));
        registry.register(Square.class, v -> MimeBundle.html("<i>square</i>"));
        assertEquals("<i>square</i>", registry.render(new BigSquare()).get(MimeBundle.TEXT_HTML));
        registry.unregister(Square.class);
        assertEquals("polygon", registry.render(new BigSquare()).get(MimeBundle.TEXT_PLAIN));
    }

    @Test
    void interfacesOfLibraryTypesWork() {
        RendererRegistry registry = new RendererRegistry();
        registry.register(List.class, v -> MimeBundle.text("list of " + v.size()));
        assertEquals("list of 2", registry.render(new ArrayList<>(List.of(1, 2))).get(MimeBundle.TEXT_PLAIN));
    }

    @Test
    void bundlesRenderAsThemselves() {
        MimeBundle bundle = MimeBundle.svg("<svg/>");
        assertSame(bundle, RendererRegistry.withDefaults().render(bundle));
        assertEquals("<svg/>", bundle.get(MimeBundle.IMAGE_SVG));
        assertEquals("# t", MimeBundle.markdown("# t").get(MimeBundle.TEXT_MARKDOWN));
    }

    @Test
    void imagesBecomePngThatDecodesToTheSamePixels() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, Color.RED.getRGB());
        MimeBundle bundle = RendererRegistry.withDefaults().render(image);
        byte[] png = Base64.getDecoder().decode((String) bundle.get(MimeBundle.IMAGE_PNG));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(3, decoded.getWidth());
        assertEquals(Color.RED.getRGB(), decoded.getRGB(1, 1));
        assertEquals(Map.of("width", 3, "height", 2), bundle.metadata().get(MimeBundle.IMAGE_PNG));
        assertTrue(bundle.get(MimeBundle.TEXT_PLAIN).toString().contains("3x2"));
    }

    @Test
    void bundlesAreImmutableAndNeverEmpty() {
        MimeBundle bundle = MimeBundle.builder().put("text/plain", "a").build();
        assertThrows(UnsupportedOperationException.class, () -> bundle.data().put("text/html", "b"));
        assertThrows(IllegalStateException.class, () -> MimeBundle.builder().build());
        MimeBundle extended = bundle.toBuilder().put("text/html", "<b>a</b>").build();
        assertEquals(2, extended.data().size());
        assertEquals(1, bundle.data().size());
    }
}
