using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace PortfolioTracker.Api.IntegrationTests.Deployment;

/// <summary>Reads the repository's deployment files (docker-compose.yml, deploy/, the Dockerfile) from the tests.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding PortfolioTracker.sln.</summary>
    public static string Root => RootPath.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>A YAML file as nested dictionaries (string keys), lists and scalar strings, parsed with YamlDotNet.</summary>
    public static Dictionary<string, object?> Yaml(string relative) => ParseYaml(Read(relative));

    public static Dictionary<string, object?> ParseYaml(string text)
    {
        var parsed = new DeserializerBuilder().Build().Deserialize<object?>(text);
        return Normalize(parsed) as Dictionary<string, object?> ?? throw new InvalidOperationException("The YAML document is not a mapping.");
    }

    public static string ToYaml(object document) => new SerializerBuilder().Build().Serialize(document);

    public static JsonNode Json(string relative) => JsonNode.Parse(Read(relative)) ?? throw new InvalidOperationException($"{relative} is JSON null.");

    /// <summary>A member of a mapping that must be a mapping.</summary>
    public static Dictionary<string, object?> Map(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is Dictionary<string, object?> child
            ? child
            : throw new ShouldAssertException($"'{key}' is missing or not a mapping (keys: {string.Join(", ", map.Keys)})");

    /// <summary>A member of a mapping that must be a list.</summary>
    public static List<object?> List(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is List<object?> list
            ? list
            : throw new ShouldAssertException($"'{key}' is missing or not a list (keys: {string.Join(", ", map.Keys)})");

    /// <summary>A scalar member, or null when absent.</summary>
    public static string? Scalar(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) ? value as string : null;

    private static object? Normalize(object? node) => node switch
    {
        IDictionary<object, object?> map => map.ToDictionary(e => Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)!, e => Normalize(e.Value), StringComparer.Ordinal),
        IList<object?> list => list.Select(Normalize).ToList(),
        _ => node,
    };

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PortfolioTracker.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No PortfolioTracker.sln above {AppContext.BaseDirectory}.");
    }
}
