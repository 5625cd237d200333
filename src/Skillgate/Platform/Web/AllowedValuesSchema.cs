using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Skillgate.Platform.Web;

/// <summary>A coded field (a review decision, a 5M1E cause, a step outcome) lists its values in the OpenAPI document: the contract's [AllowedValues].</summary>
internal static class AllowedValuesSchema
{
    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), true).FirstOrDefault() is AllowedValuesAttribute allowed)
        {
            schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
        }

        return Task.CompletedTask;
    }
}
