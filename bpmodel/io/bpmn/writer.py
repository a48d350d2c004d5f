def dumps_bpmn(process):
    raise NotImplementedError
