using System.Globalization;
using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Deployment;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Http;

/// <summary>
/// The committed contract, <c>docs/openapi/v1.json</c> (written by a Debug build of the API), is exactly the document
/// the API serves at <c>/openapi/v1.json</c>, whichever host it is asked through: SDKs are generated from the committed
/// file and reviewers read its diff.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(ApiFactory factory)
{
    private const string CommittedPath = "docs/openapi/v1.json";

    private const string HowToRegenerate =
        "Regenerate it with a Debug build of the API (dotnet build src/Api), or in any configuration with " +
        "'dotnet build src/Api -p:OpenApiGenerateDocuments=true'; review the diff, run build/lint-openapi.sh and commit " +
        "docs/openapi/v1.json with the change that caused it.";

    [Fact]
    public async Task ServedDocument_IsTheCommittedContract_WhateverTheHost()
    {
        File.Exists(RepositoryFiles.PathOf(CommittedPath)).ShouldBeTrue($"{CommittedPath} is missing. {HowToRegenerate}");
        var committed = RepositoryFiles.Json(CommittedPath);

        foreach (var host in new[] { "localhost", "api.example.test:8443" })
        {
            using var client = factory.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            var served = await response.ShouldBeAsync(200);

            var differences = Differences(committed, served, "$").Take(25).ToList();
            differences.ShouldBeEmpty(
                $"The document served at /openapi/v1.json (Host: {host}) differs from the committed {CommittedPath} " +
                $"(first differences below). {HowToRegenerate}\n" + string.Join('\n', differences));
        }
    }

    /// <summary>
    /// The differences of two JSON documents as JSON paths: object members compare by name whatever their order, arrays
    /// element by element, values by their JSON text.
    /// </summary>
    private static IEnumerable<string> Differences(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var (name, value) in e)
                {
                    if (!a.ContainsKey(name))
                    {
                        yield return $"{path}.{name}: only in the committed file";
                        continue;
                    }

                    foreach (var difference in Differences(value, a[name], $"{path}.{name}"))
                    {
                        yield return difference;
                    }
                }

                foreach (var (name, _) in a.Where(m => !e.ContainsKey(m.Key)))
                {
                    yield return $"{path}.{name}: only in the served document";
                }

                break;

            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    var item = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
                    if (i >= a.Count)
                    {
                        yield return $"{item}: only in the committed file";
                    }
                    else if (i >= e.Count)
                    {
                        yield return $"{item}: only in the served document";
                    }
                    else
                    {
                        foreach (var difference in Differences(e[i], a[i], item))
                        {
                            yield return difference;
                        }
                    }
                }

                break;

            default:
                var committedText = expected?.ToJsonString() ?? "null";
                var servedText = actual?.ToJsonString() ?? "null";
                if (committedText != servedText)
                {
                    yield return $"{path}: committed {Shorten(committedText)}, served {Shorten(servedText)}";
                }

                break;
        }
    }

    private static string Shorten(string json) => json.Length <= 120 ? json : string.Concat(json.AsSpan(0, 120), "…");
}
