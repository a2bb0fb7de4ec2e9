"""Why a request that the spec allows still fails against Prism 5.16, or makes it exit: the
reasons the Python and the TypeScript feature-example harnesses give for the tests they list
(tests/test_e2e_operations.py, tests/test_typescript_features.py)."""

# Feature examples Prism cannot serve: no operations at all (webhooks only).
NO_OPERATIONS = {"3.1/webhooks.json"}

MULTIPART = (
    "Prism 5.16 reads each multipart field as one url-encoded text: it keeps one of repeated parts (an array),"
    " does not decode JSON parts (an object), and refuses the comma that joins an unexploded `form` field's"
    " items as a reserved character (multipart is not percent-encoded: OpenAPI 3.1.1 Appendix E.3)"
)
HTTP_1XX = (
    "the only declared response is 1xx, never a final one: Prism sends it anyway (an interim 100/102/103,"
    " a 101 switch no request asked for) and no final response follows"
)
ALL_OF = "the required body is an allOf of `string` and `integer`: no value satisfies the spec"
HEADER_OBJECTS = (
    "header `content` is an array of objects: simple style has no form for those, Prism cannot read them back"
)
SAME_VARIANTS = (
    "both oneOf variants are the same schema, told apart only by the discriminator, which Prism 5.16 ignores:"
    " no value matches exactly one"
)
AUTHORIZATION_PARAMETER = (
    "a required `Authorization` header parameter, which OpenAPI says SHALL be ignored (the SDK does): Prism"
    " requires it anyway"
)
TWO_AUTHORIZATIONS = (
    "requires HTTP basic and OAuth 2 at once: both need the one Authorization header, so no request satisfies"
    " it (Prism: Invalid security scheme used)"
)
SPLIT = "Prism 5.16 exits on an object path parameter in this style (TypeError: value.split is not a function)"
DELIMITED = (
    "Prism 5.16 exits on a space/pipe-delimited object query parameter or multipart field (`encoding.style`)"
    " ('only applicable to array parameter'), a style OpenAPI defines for objects"
)
