package io.keelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the build runs is pinned, and pinned to releases: a plugin Maven binds by default is otherwise whatever the
 * installed Maven defaults to (Debian 12's 3.8.7 runs maven-resources-plugin 2.6 and maven-clean-plugin 2.5, from
 * 2012), and an early-access build (Chronicle Queue's 5.25ea) is no release to ship.
 */
class DependencyPinsTest {
    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();

    /** The plugins Maven's jar lifecycle binds by default, and the ones the modules add. */
    private static final List<String> BUILD_PLUGINS = List.of("maven-clean-plugin", "maven-resources-plugin",
            "maven-compiler-plugin", "maven-surefire-plugin", "maven-jar-plugin", "maven-install-plugin",
            "maven-deploy-plugin", "maven-failsafe-plugin", "maven-shade-plugin", "exec-maven-plugin");

    /** ea (early access), alpha, beta, milestones, release candidates and snapshots: not releases. */
    private static final Pattern PRE_RELEASE = Pattern.compile("(?i).*(\\dea\\d*|alpha|beta|-rc\\d*|-m\\d+|snapshot).*");

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String child(Element e, String name) {
        NodeList l = e.getElementsByTagName(name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().strip();
    }

    /** artifactId -> version of the root pom's pluginManagement. */
    private Map<String, String> managedPlugins() throws Exception {
        Element mgmt = (Element) read(root.resolve("pom.xml")).getElementsByTagName("pluginManagement").item(0);
        Map<String, String> m = new LinkedHashMap<>();
        NodeList plugins = mgmt.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element p = (Element) plugins.item(i);
            m.put(child(p, "artifactId"), child(p, "version"));
        }
        return m;
    }

    @Test
    void everyPluginTheBuildRunsIsPinnedInTheRootPom() throws Exception {
        Map<String, String> managed = managedPlugins();
        List<String> unpinned = new ArrayList<>();
        for (String plugin : BUILD_PLUGINS) {
            String v = managed.get(plugin);
            if (v == null || v.isEmpty()) {
                unpinned.add(plugin);
            }
        }
        assertEquals(List.of(), unpinned, "plugins left to the installed Maven's defaults");
    }

    @Test
    void noPomPinsAPreRelease() throws Exception {
        List<String> found = new ArrayList<>();
        for (Path pom : List.of(root.resolve("pom.xml"), root.resolve("collector/pom.xml"),
                root.resolve("rules/pom.xml"), root.resolve("agent/pom.xml"), root.resolve("bench/pom.xml"))) {
            Document d = read(pom);
            Map<String, String> properties = new LinkedHashMap<>();
            NodeList props = d.getElementsByTagName("properties");
            for (int i = 0; i < props.getLength(); i++) {
                for (Node n = props.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e) {
                        properties.put(e.getTagName(), e.getTextContent().strip());
                    }
                }
            }
            NodeList versions = d.getElementsByTagName("version");
            for (int i = 0; i < versions.getLength(); i++) {
                Node v = versions.item(i);
                String parent = ((Element) v.getParentNode()).getTagName();
                if (parent.equals("project") || parent.equals("parent")) {
                    continue; // the project's own version, a snapshot until it is released
                }
                String text = v.getTextContent().strip();
                if (text.startsWith("${") && text.endsWith("}")) {
                    text = properties.getOrDefault(text.substring(2, text.length() - 1), text);
                }
                if (text.equals("${project.version}")) {
                    continue;
                }
                if (PRE_RELEASE.matcher(text).matches()) {
                    found.add(root.relativize(pom) + ": " + child((Element) v.getParentNode(), "artifactId") + " "
                            + text);
                }
            }
        }
        assertEquals(List.of(), found, "pre-release pins");
    }

    @Test
    void thePreReleasePatternKnowsThePinsItMustRefuse() {
        for (String v : List.of("5.25ea16", "5.25ea", "4.0.0-beta-5", "2.1.0-alpha1", "1.0-rc1", "3.0.0-M7",
                "1.2-SNAPSHOT")) {
            assertTrue(PRE_RELEASE.matcher(v).matches(), v);
        }
        for (String v : List.of("2026.4", "3.6.1", "33.6.0-jre", "0.38.23", "6.1.3")) {
            assertTrue(!PRE_RELEASE.matcher(v).matches(), v);
        }
    }
}
