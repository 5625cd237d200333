using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Skillgate.Platform.Web;

/// <summary>
/// What every operation shares and the endpoint code does not repeat: who may call it, how its data scope answers,
/// and the problem responses every endpoint gives through <see cref="ProblemExceptionHandler"/> — written into each
/// operation's description and responses from its own metadata.
/// </summary>
internal static class OpenApiProblems
{
    public const string SchemaId = "Problem";

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        var method = context.Description.HttpMethod ?? "GET";
        var path = context.Description.RelativePath ?? "";
        var hasInput = context.Description.ParameterDescriptions.Count > 0;
        var names = path.Contains('{', StringComparison.Ordinal);
        var writes = method is not "GET" and not "HEAD";

        var who = anonymous
            ? "Open to anyone, without signing in."
            : policies.Count > 0
                ? $"Needs the permission {string.Join(" and ", policies.Select(p => $"`{p}`"))} (a person through a role, an API key through its scope)."
                : "Needs a signed-in person or an API key.";
        var scope = anonymous ? "" : " Records outside the caller's data scope (org subtree) are left out of lists and answer 404 when named.";
        var errors = "Errors are `application/problem+json` in the caller's language" +
                     (hasInput ? ": 400 with the fields that are wrong" : "") +
                     (writes ? "; 409 with a stable `code` when a business rule refuses the change, which leaves the data as it was." : ".");
        operation.Description = $"{operation.Summary}\n\n{who}{scope} {errors}".Trim();

        operation.Responses ??= [];
        if (hasInput)
        {
            Add(operation, context, "400", "The input is not valid: `errors` names each field with its messages.");
        }

        if (!anonymous)
        {
            Add(operation, context, "401", "Not signed in, or no valid API key.");
            Add(operation, context, "403", "The caller lacks the permission, or may see the record but not do this to it.");
        }

        if (names && !anonymous)
        {
            Add(operation, context, "404", "No such record within the caller's data scope.");
        }

        if (writes)
        {
            Add(operation, context, "409", "A business rule refused the change; `code` says which, `detail` says why.");
        }

        return Task.CompletedTask;
    }

    /// <summary>The problem document's schema, shared by every operation's 4xx responses.</summary>
    public static void AddSchema(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[SchemaId] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details, with Skillgate's `code` (409) and `errors` (400).",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable reason code, e.g. `not_qualified`." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Field name → messages.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
            Examples = [JsonNode.Parse("""{"title":"Refused","status":409,"code":"not_qualified","detail":"…"}""")!],
        };
    }

    private static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        operation.Responses!.TryAdd(status, new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(SchemaId, context.Document) },
            },
        });
    }
}
