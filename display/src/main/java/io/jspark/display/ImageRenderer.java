package io.jspark.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/** Renders a {@link BufferedImage} as a base64 PNG, which every frontend shows inline. */
public final class ImageRenderer implements Renderer<BufferedImage> {
    @Override
    public MimeBundle render(BufferedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) {
                throw new IllegalArgumentException("no PNG writer accepts an image of type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MimeBundle.builder()
                .put(MimeBundle.IMAGE_PNG, Base64.getEncoder().encodeToString(png.toByteArray()))
                .put(MimeBundle.TEXT_PLAIN, "<image " + image.getWidth() + "x" + image.getHeight() + ">")
                .metadata(MimeBundle.IMAGE_PNG, Map.of("width", image.getWidth(), "height", image.getHeight()))
                .build();
    }
}
