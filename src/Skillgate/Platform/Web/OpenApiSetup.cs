using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Skillgate.Platform.Web;

/// <summary>Document-level facts of the OpenAPI document: title, servers, and the two ways to authenticate.</summary>
internal static class OpenApiSetup
{
    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true || d.RelativePath == "health";
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Skillgate API",
                Version = "v1",
                Description = "Organisation, people, competence and quality data for MES/ERP/QMS integration. " +
                              "Machine clients send `Authorization: ApiKey <key>`; browsers use the sign-in cookie.",
                Contact = new OpenApiContact { Name = "Skillgate", Url = new Uri("https://skillgate.local/") },
            };
            document.Servers = [new OpenApiServer { Url = "/", Description = "This Skillgate server" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "`ApiKey <key>`; keys are created by an administrator under Admin → API keys.",
            };
            document.Components.SecuritySchemes["Cookie"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "skillgate.auth",
                Description = "The sign-in cookie of the web UI.",
            };
            document.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Cookie", document)] = [] },
            ];
            document.Tags ??= new HashSet<OpenApiTag>();
            OpenApiProblems.AddSchema(document);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(OpenApiProblems.DescribeAsync);
        options.AddSchemaTransformer(AllowedValuesSchema.ApplyAsync);
    }
}
