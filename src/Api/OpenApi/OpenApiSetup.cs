using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document at <c>/openapi/v1.json</c>, generated from the endpoints and shaped by the transformers of
/// this folder; the build writes the same document to <c>docs/openapi/v1.json</c> (see <see cref="BuildTimeDocument"/>).
/// </summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "bearer";
    public const string QueryTokenScheme = "accessToken";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.CreateSchemaReferenceId = type => type.Type == typeof(JsonElement)
                ? null
                : SchemaName(type.Type) ?? OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddSchemaTransformer<WireSchemas>();
            options.AddOperationTransformer<ProblemResponses>();
            options.AddOperationTransformer<OperationConventions>();
            options.AddDocumentTransformer<OperationsEndpointsDocument>();
            options.AddDocumentTransformer<DocumentConventions>();
        });

    /// <summary>
    /// Wire names of shapes: <c>UserDto</c> is documented as <c>User</c>, the problem type as <c>Problem</c>,
    /// <c>ItemList&lt;AccountDto&gt;</c> as <c>AccountList</c> and <c>Page&lt;UserDto&gt;</c> as <c>UserPage</c>.
    /// </summary>
    private static string? SchemaName(Type type)
    {
        if (type == typeof(ApiProblem))
        {
            return "Problem";
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var item = type.GetGenericArguments()[0];
            return definition == typeof(ItemList<>) ? $"{WireName(item)}List"
                : definition == typeof(Page<>) ? $"{WireName(item)}Page"
                : null;
        }

        return type.Name.EndsWith("Dto", StringComparison.Ordinal) ? WireName(type) : null;
    }

    private static string WireName(Type type) => type.Name.EndsWith("Dto", StringComparison.Ordinal) ? type.Name[..^3] : type.Name;
}
