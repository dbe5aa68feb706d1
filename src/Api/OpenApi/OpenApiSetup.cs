using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PortfolioTracker.Api.Http.Problems;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>The OpenAPI 3.1 document at <c>/openapi/v1.json</c>.</summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "v1";
    private const string BearerScheme = "bearer";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.CreateSchemaReferenceId = type => SchemaName(type.Type) ?? OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "PortfolioTracker API",
                    Version = "v1",
                    Description = "Self-hosted portfolio tracking and double-entry ledger. Amounts are decimal strings; " +
                        "errors are RFC 9457 problem documents with a stable `code`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from POST /api/v1/auth/login or /auth/refresh.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var needsAuth = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
                if (needsAuth)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                    });
                }

                return Task.CompletedTask;
            });
        });

    /// <summary>Wire names of shapes: <c>UserDto</c> is documented as <c>User</c>, the problem type as <c>Problem</c>.</summary>
    private static string? SchemaName(Type type)
    {
        if (type == typeof(ApiProblem))
        {
            return "Problem";
        }

        if (type.IsGenericType)
        {
            return null;
        }

        return type.Name.EndsWith("Dto", StringComparison.Ordinal) ? type.Name[..^3] : null;
    }
}
