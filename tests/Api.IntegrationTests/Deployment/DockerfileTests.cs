using System.Text.Json;
using System.Text.RegularExpressions;

namespace PortfolioTracker.Api.IntegrationTests.Deployment;

/// <summary>
/// The Dockerfile, read as text (no Docker engine here): a build stage on the SDK, a run stage on the small ASP.NET
/// runtime image as a non-root user with a health check, every file it copies present and sent in the build context,
/// and no secret in the image.
/// </summary>
public sealed partial class DockerfileTests
{
    private readonly List<Instruction> instructions = Parse(RepositoryFiles.Read("Dockerfile"));

    private List<Instruction> RunStage => instructions.SkipWhile(i => i != instructions.Last(j => j.Keyword == "FROM")).ToList();

    [Fact]
    public void BuildsOnTheSdk_AndRunsOnTheAspNetRuntimeImage()
    {
        var stages = instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();
        stages.Count.ShouldBe(2);
        stages[0].ShouldStartWith("mcr.microsoft.com/dotnet/sdk:10.0");
        stages[1].ShouldStartWith("mcr.microsoft.com/dotnet/aspnet:10.0");
        RunStage.Where(i => i.Keyword == "COPY").ShouldAllBe(i => i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal), "the run stage takes only the published output");
    }

    [Fact]
    public void RunsAsANonRootUser()
    {
        var user = RunStage.Last(i => i.Keyword == "USER").Arguments;
        user.ShouldNotBeOneOf("root", "0", "0:0");
        user.ShouldBe("$APP_UID", "the runtime image's built-in unprivileged user");
    }

    [Fact]
    public void HasAHealthCheck_ThroughTheApisOwnProbe_AndAnExecFormEntryPoint()
    {
        var health = RunStage.Single(i => i.Keyword == "HEALTHCHECK").Arguments;
        health.ShouldContain($"CMD [\"dotnet\", \"PortfolioTracker.Api.dll\", \"{Health.HealthProbe.Command}\"]");

        // Exec form: dotnet is PID 1 and receives SIGTERM itself (a shell would not pass it on).
        var entry = JsonSerializer.Deserialize<string[]>(RunStage.Single(i => i.Keyword == "ENTRYPOINT").Arguments);
        entry.ShouldBe(["dotnet", "PortfolioTracker.Api.dll"]);
    }

    [Fact]
    public void ListensOn8080_WithoutTheBaseImagesConflictingPortSetting()
    {
        var environment = RunStage.Where(i => i.Keyword == "ENV").SelectMany(i => EnvPairs().Matches(i.Arguments)).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        environment["ASPNETCORE_URLS"].ShouldBe("http://+:8080");
        environment["ASPNETCORE_HTTP_PORTS"].ShouldBe(string.Empty, "else Kestrel warns at every start that ASPNETCORE_URLS overrides it");
        RunStage.Single(i => i.Keyword == "EXPOSE").Arguments.ShouldBe("8080");
    }

    [Fact]
    public void CopiesEveryProjectForTheRestoreLayer_AndEveryFileItCopiesExists()
    {
        var build = instructions.TakeWhile(i => i != instructions.Last(j => j.Keyword == "FROM")).Where(i => i.Keyword == "COPY").ToList();
        var sources = build.SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1)).ToList();
        foreach (var source in sources)
        {
            var path = RepositoryFiles.PathOf(source.TrimEnd('/'));
            (File.Exists(path) || Directory.Exists(path)).ShouldBeTrue($"COPY {source}: not in the repository");
        }

        var projects = Directory.GetFiles(RepositoryFiles.PathOf("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepositoryFiles.Root, p).Replace('\\', '/'));
        foreach (var project in projects)
        {
            sources.ShouldContain(project, "restore runs on the project files alone: each must be copied first");
        }
    }

    [Fact]
    public void TheBuildContext_LeavesOutBuildOutputLocalDataAndSecrets()
    {
        var ignored = RepositoryFiles.Read(".dockerignore").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in new[] { "**/bin/", "**/obj/", ".git/", ".data/", "tests/", ".env", "**/*.pfx" })
        {
            ignored.ShouldContain(entry);
        }

        // What the Dockerfile copies must not be ignored.
        ignored.ShouldNotContain("src/");
        ignored.ShouldNotContain("nuget.config");
    }

    [Fact]
    public void BakesInNoSecret()
    {
        var secretLike = new Regex("(password|secret|signingkey|apikey|api_key|token|connectionstrings)", RegexOptions.IgnoreCase);
        foreach (var instruction in instructions.Where(i => i.Keyword is "ENV" or "ARG" or "LABEL"))
        {
            secretLike.IsMatch(instruction.Arguments).ShouldBeFalse($"{instruction.Keyword} {instruction.Arguments}");
        }
    }

    private static List<Instruction> Parse(string dockerfile)
    {
        // Joins continuation lines, drops comments and the parser directive.
        var logical = new List<string>();
        var current = string.Empty;
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            if (current.Trim().Length > 0)
            {
                logical.Add(current.Trim());
            }

            current = string.Empty;
        }

        return logical.Select(l => l.Split(' ', 2)).Select(p => new Instruction(p[0].ToUpperInvariant(), p.Length > 1 ? Spaces().Replace(p[1].Trim(), " ") : string.Empty)).ToList();
    }

    private sealed record Instruction(string Keyword, string Arguments);

    [GeneratedRegex("(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\\S*)")]
    private static partial Regex EnvPairs();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
