"""Adjustments to the generated OpenAPI schema that drf-spectacular cannot be told view by view."""


def empty_query_values_are_absent(result: dict, generator, request, public) -> dict:
    """Every optional query parameter allows an empty value: DRF's fields and django-filter's filters
    both read ``name=`` as the parameter not given, so ``?lang=`` is the default language, not a 400."""
    for operations in result["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required", False):
                    parameter["allowEmptyValue"] = True
    return result
