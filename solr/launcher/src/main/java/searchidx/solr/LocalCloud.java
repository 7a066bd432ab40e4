package searchidx.solr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A local N-node SolrCloud (Jetty + embedded ZooKeeper) on 127.0.0.1.
 *
 * <p>Standard output is a protocol: the first line is {@code SOLR_URL=...} once every node is
 * up; then exactly one answer line per command read from standard input ({@code status},
 * {@code stop-node N}, {@code start-node N}, {@code shutdown}). Logs go to standard error.
 * Closing standard input or SIGTERM shuts the cluster down.
 */
public final class LocalCloud {
  private final MiniSolrCloudCluster cluster;
  private final List<JettySolrRunner> nodes;
  private final PrintStream out;

  private final Path deleteOnExit;

  private LocalCloud(MiniSolrCloudCluster cluster, PrintStream out, Path deleteOnExit) {
    this.cluster = cluster;
    this.deleteOnExit = deleteOnExit;
    this.nodes = new ArrayList<>(cluster.getJettySolrRunners());
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    // Solr and Jetty log to System.out in places; only our protocol may go there.
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Files.createDirectories(options.dir);
    // Nodes start one by one so each gets its own port (P, P+1, ... or random ones).
    String solrXml = MiniSolrCloudCluster.DEFAULT_CLOUD_SOLR_XML;
    MiniSolrCloudCluster cluster =
        new MiniSolrCloudCluster(0, options.dir, solrXml, jettyConfig(0));
    for (int i = 0; i < options.nodes; i++) {
      int port = options.port == 0 ? 0 : options.port + i;
      cluster.startJettySolrRunner("node" + (i + 1), "/solr", jettyConfig(port));
    }
    cluster.waitForAllNodes(120);
    LocalCloud cloud =
        new LocalCloud(cluster, protocol, options.deleteOnExit ? options.dir : null);
    Thread hook = new Thread(cloud::shutdownQuietly, "solr-local-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    protocol.println("SOLR_URL=" + cloud.nodes.get(0).getBaseUrl());
    cloud.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    System.exit(0); // stdin closed or "shutdown": the hook stops the nodes
  }

  private static JettyConfig jettyConfig(int port) {
    return JettyConfig.builder().setPort(port).stopAtShutdown(true).build();
  }

  private void serve(BufferedReader commands) throws Exception {
    String line;
    while ((line = commands.readLine()) != null) {
      String command = line.strip();
      if (command.isEmpty()) {
        continue;
      }
      if (command.equals("shutdown")) {
        out.println("OK shutting down");
        return;
      }
      out.println(answer(command));
    }
  }

  private String answer(String command) {
    String[] words = command.split("\\s+");
    try {
      switch (words[0]) {
        case "status":
          return status();
        case "stop-node":
          return stopNode(nodeIndex(words));
        case "start-node":
          return startNode(nodeIndex(words));
        default:
          return "ERROR unknown command " + words[0] + " (use status, stop-node N, start-node N)";
      }
    } catch (Exception error) {
      return "ERROR " + String.valueOf(error.getMessage()).replace('\n', ' ');
    }
  }

  private int nodeIndex(String[] words) {
    if (words.length != 2 || !words[1].matches("\\d+")) {
      throw new IllegalArgumentException(words[0] + " needs a node number 1.." + nodes.size());
    }
    int number = Integer.parseInt(words[1]);
    if (number < 1 || number > nodes.size()) {
      throw new IllegalArgumentException("no node " + number + "; nodes are 1.." + nodes.size());
    }
    return number - 1;
  }

  private String status() {
    StringBuilder line = new StringBuilder("OK");
    for (int i = 0; i < nodes.size(); i++) {
      JettySolrRunner node = nodes.get(i);
      line.append(' ').append(i + 1).append('=').append(node.isRunning() ? "up" : "down");
      line.append(',').append(node.getLocalPort());
    }
    return line.toString();
  }

  private String stopNode(int index) throws Exception {
    JettySolrRunner node = nodes.get(index);
    if (!node.isRunning()) {
      return "OK node " + (index + 1) + " already down";
    }
    cluster.stopJettySolrRunner(node);
    cluster.waitForJettyToStop(node);
    return "OK node " + (index + 1) + " down";
  }

  private String startNode(int index) throws Exception {
    JettySolrRunner node = nodes.get(index);
    if (node.isRunning()) {
      return "OK node " + (index + 1) + " already up," + node.getLocalPort();
    }
    cluster.startJettySolrRunner(node, true); // same port, so the node's URL stays valid
    cluster.waitForNode(node, 60);
    return "OK node " + (index + 1) + " up," + node.getLocalPort();
  }

  private synchronized void shutdownQuietly() {
    try {
      cluster.shutdown();
    } catch (Exception error) {
      System.err.println("solr-local: shutdown: " + error);
    }
    if (deleteOnExit != null) {
      try (var paths = Files.walk(deleteOnExit)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException error) {
        System.err.println("solr-local: cannot remove " + deleteOnExit + ": " + error);
      }
    }
  }

  /** Options: --nodes N, --dir DIR, --port P (0: random), --delete-on-exit (DIR too). */
  private record Options(int nodes, Path dir, int port, boolean deleteOnExit) {
    static Options parse(String[] args) {
      int nodes = 2;
      Path dir = null;
      int port = 0;
      boolean deleteOnExit = false;
      for (int i = 0; i < args.length; i += 2) {
        if (args[i].equals("--delete-on-exit")) {
          deleteOnExit = true;
          i -= 1;
          continue;
        }
        if (i + 1 >= args.length) {
          throw usage("missing value for " + args[i]);
        }
        switch (args[i]) {
          case "--nodes" -> nodes = Integer.parseInt(args[i + 1]);
          case "--dir" -> dir = Path.of(args[i + 1]);
          case "--port" -> port = Integer.parseInt(args[i + 1]);
          default -> throw usage("unknown option " + args[i]);
        }
      }
      if (dir == null || nodes < 1) {
        throw usage("--dir is required and --nodes must be at least 1");
      }
      return new Options(nodes, dir.toAbsolutePath(), port, deleteOnExit);
    }

    static IllegalArgumentException usage(String problem) {
      return new IllegalArgumentException(
          problem + " (usage: LocalCloud --dir DIR [--nodes N] [--port P] [--delete-on-exit])");
    }
  }
}
