using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Skillgate.Platform.Localization;

/// <summary>
/// Model binding's own messages ("The value 'x' is not valid for Y") in the reader's language, naming the field by its
/// label. Non-nullable strings are not implicitly required: a filter left out of a query string is no error.
/// </summary>
internal sealed class ModelBindingTexts(Texts texts) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        var m = options.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((value, field) => texts["binding.value_invalid_for", value, Label(field)]);
        m.SetMissingBindRequiredValueAccessor(field => texts["binding.missing", Label(field)]);
        m.SetMissingKeyOrValueAccessor(() => texts["binding.missing_value"]);
        m.SetMissingRequestBodyRequiredValueAccessor(() => texts["binding.missing_body"]);
        m.SetValueMustNotBeNullAccessor(value => texts["binding.not_null", value]);
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => texts["binding.value_invalid", value]);
        m.SetUnknownValueIsInvalidAccessor(field => texts["binding.unknown_invalid_for", Label(field)]);
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => texts["binding.unknown_invalid"]);
        m.SetValueIsInvalidAccessor(value => texts["binding.value_invalid", value]);
        m.SetValueMustBeANumberAccessor(field => texts["binding.number_for", Label(field)]);
        m.SetNonPropertyValueMustBeANumberAccessor(() => texts["binding.number"]);
    }

    private string Label(string field)
    {
        var name = field.Contains('.', StringComparison.Ordinal) ? field[(field.LastIndexOf('.') + 1)..] : field;
        var label = texts["field." + char.ToLowerInvariant(name[0]) + name[1..]];
        return label.ResourceNotFound ? name : label.Value;
    }
}
