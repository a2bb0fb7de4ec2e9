from intuned_client import IntunedClient
from intuned_client import models
import os


with IntunedClient(
    workspace_id="123e4567-e89b-12d3-a456-426614174000",
    api_key=os.getenv("INTUNED_API_KEY", ""),
) as client:

    res = client.projects.runs.start(
        project_name="my-project",
        body=models.RunStartRequestBody(
                parameters={
                    "param1": "value1",
                    "param2": 42,
                    "param3": True,
                },
                api="my-awesome-api",
                proxy="http://username:password@domain:port",
                saveTrace=True,
                requestTimeout=600,
            ),
    )

    print(res)
