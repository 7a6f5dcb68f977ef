package io.jspark.kernel.spark;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * Lets the notebook frame the Spark UI, and nothing else. Spark answers with
 * {@code X-Frame-Options: SAMEORIGIN}, which keeps the UI out of an iframe in the notebook (another
 * origin); this filter drops that header and sends {@code Content-Security-Policy: frame-ancestors}
 * naming the notebook's origins instead. Spark installs it from {@code spark.ui.filters}.
 */
public final class UiFramingFilter implements Filter {
    public static final String ANCESTORS_PARAM = "frame-ancestors";
    static final String DEFAULT_ANCESTORS = "'self' http://127.0.0.1:* http://localhost:* https://127.0.0.1:* https://localhost:*";

    private String policy = "frame-ancestors " + DEFAULT_ANCESTORS;

    @Override
    public void init(FilterConfig config) {
        String ancestors = config.getInitParameter(ANCESTORS_PARAM);
        if (ancestors != null && !ancestors.isBlank()) {
            policy = "frame-ancestors " + ancestors.trim();
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(response instanceof HttpServletResponse http)) {
            chain.doFilter(request, response);
            return;
        }
        http.setHeader("Content-Security-Policy", policy);
        chain.doFilter(request, new HttpServletResponseWrapper(http) {
            @Override
            public void setHeader(String name, String value) {
                if (!"X-Frame-Options".equalsIgnoreCase(name)) {
                    super.setHeader(name, value);
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!"X-Frame-Options".equalsIgnoreCase(name)) {
                    super.addHeader(name, value);
                }
            }
        });
    }

    @Override
    public void destroy() {
    }
}
